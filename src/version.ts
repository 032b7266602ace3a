// The product and API versions reported by /gui/Version, /api/Status and every response header.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../package.json') as { version: string };

export const SLUICE_VERSION: string = pkg.version;
/** The PROCESIO API version Sluice speaks (`api-supported-versions`). */
export const API_VERSION = '1.19';
