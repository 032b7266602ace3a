// Custom actions, runtime side (API.md §9.5): reading an uploaded package and building the action
// it defines, from the upload or from what a workspace stored.
export {
  checkCustomActionPackage,
  customActionDefinition,
  customActionFromStored,
  ENTRY_FUNCTION,
} from './custom-action.js';
export {
  MANIFEST_FILE,
  readManifest,
  type CustomActionManifest,
  type CustomActionSetting,
  type CustomActionShape,
  type CustomActionTab,
} from './manifest.js';
export {
  InvalidActionPackageError,
  PACKAGE_LIMITS,
  readCustomActionPackage,
  type CustomActionPackage,
} from './package.js';
