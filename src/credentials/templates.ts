// Owns the built-in credential templates (API.md §7.2): PROCESIO's template, property and option
// ids where they are public, the `5a1c` Sluice-assigned ids elsewhere, and which values are secret.

export interface PropertyOption {
  name: string;
  /** A GUID: what a credential stores for this choice. */
  value: string;
}

/** Shows (and requires) a property only while another property holds one of the given values. */
export interface PropertyCondition {
  dependencyId: string;
  /** `equals`: the dependency holds `value`; `in`: it holds one of the values in `value`. */
  operator: 'equals' | 'in';
  value: string | string[];
}

export interface TemplateProperty {
  id: string;
  label: string;
  placeholder: string;
  type: string;
  tooltip: string;
  message: string;
  isTest: boolean;
  order: number;
  validations: { isRequired: boolean; expects: number };
  layout: { columns: number };
  condition: PropertyCondition | null;
  disabled: boolean;
  pill: unknown;
  configurations: unknown;
  options: PropertyOption[];
  /** Sluice: the value is encrypted at rest and masked in answers. */
  isSecret: boolean;
}

export interface CredentialTemplate {
  gid: string;
  pid: string | null;
  name: string;
  type: string;
  icon: string;
  properties: TemplateProperty[];
}

/** `validations.expects` (API.md §7.1). */
export const Expects = { None: 0, Uri: 1, Hostname: 2 } as const;

export const TemplateIds = {
  Rest: '10101010-0001-0000-0000-aaaaaaaaaaaa',
  Smtp: '20202020-0001-0000-0000-aaaaaaaaaaaa',
  Sql: '40404040-0001-0000-0000-aaaaaaaaaaaa',
  Ftp: '5a1ce001-0001-0000-0000-aaaaaaaaaaaa',
} as const;

const nn = (n: number) => String(n).padStart(4, '0');
/** PROCESIO's scheme: property NN of template T. */
const pid = (t: string, n: number) => `${t}-0001-${nn(n)}-0000-bbbbbbbbbbbb`;
/** Sluice-assigned property id (the `5a1c` group). */
const sid = (t: string, n: number) => `${t}-0001-${nn(n)}-5a1c-bbbbbbbbbbbb`;
/** PROCESIO's scheme: option M of property NN. */
const popt = (t: string, n: number, m: number) => `${t}-0001-${nn(n)}-${nn(m)}-cccccccccccc`;
/** Sluice-assigned option id. */
const sopt = (t: string, n: number, m: number) =>
  `${t}-0001-${nn(n)}-5a1c-cccccccccc${String(m).padStart(2, '0')}`;

interface PropertySpec {
  label: string;
  type?: string;
  required?: boolean;
  secret?: boolean;
  expects?: number;
  placeholder?: string;
  tooltip?: string;
  columns?: number;
  options?: PropertyOption[];
  condition?: PropertyCondition | null;
  isTest?: boolean;
}

function property(id: string, order: number, spec: PropertySpec): TemplateProperty {
  return {
    id,
    label: spec.label,
    placeholder: spec.placeholder ?? '',
    type: spec.type ?? (spec.secret ? 'password' : 'text'),
    tooltip: spec.tooltip ?? '',
    message: '',
    isTest: spec.isTest ?? false,
    order,
    validations: { isRequired: spec.required ?? false, expects: spec.expects ?? Expects.None },
    layout: { columns: spec.columns ?? 12 },
    condition: spec.condition ?? null,
    disabled: false,
    pill: null,
    configurations: null,
    options: spec.options ?? [],
    isSecret: spec.secret ?? false,
  };
}

const when = (dependencyId: string, value: string | string[]): PropertyCondition =>
  Array.isArray(value)
    ? { dependencyId, operator: 'in', value }
    : { dependencyId, operator: 'equals', value };

// --- REST API -------------------------------------------------------------------------------
const R = '10101010';
export const RestProperties = {
  Url: pid(R, 1),
  TestMethod: pid(R, 2),
  TestEndpoint: pid(R, 3),
  AuthMethod: pid(R, 4),
  BasicUser: pid(R, 5),
  BasicPassword: pid(R, 6),
  ApiKeyName: pid(R, 7),
  ApiKeyValue: pid(R, 8),
  ApiKeyInHeader: pid(R, 9),
  ApiKeyInQuery: pid(R, 10),
  CertificateFile: pid(R, 12),
  CertificatePassword: pid(R, 13),
  OAuth2RedirectUrl: pid(R, 14),
  OAuth2ClientId: pid(R, 15),
  OAuth2ClientSecret: pid(R, 16),
  OAuth2Parameters: pid(R, 17),
  BearerToken: sid(R, 19),
  ClientCredentialsTokenUrl: sid(R, 20),
  ClientCredentialsClientId: sid(R, 21),
  ClientCredentialsSecret: sid(R, 22),
  ClientCredentialsScope: sid(R, 23),
} as const;

export const RestTestMethods = {
  Get: popt(R, 2, 1),
  Post: popt(R, 2, 2),
  Put: popt(R, 2, 3),
  Patch: popt(R, 2, 4),
  Delete: popt(R, 2, 5),
} as const;

export const RestAuthMethods = {
  NoAuth: popt(R, 4, 1),
  Basic: popt(R, 4, 2),
  ApiKey: popt(R, 4, 3),
  /** Authorization code: can be stored; the flow itself is not built yet. */
  OAuth2: popt(R, 4, 4),
  Certificate: popt(R, 4, 5),
  Bearer: sopt(R, 4, 6),
  ClientCredentials: sopt(R, 4, 7),
} as const;

function restTemplate(): CredentialTemplate {
  const P = RestProperties;
  const auth = (m: string) => when(P.AuthMethod, m);
  let order = 0;
  const p = (id: string, spec: PropertySpec) => property(id, ++order, spec);
  return {
    gid: TemplateIds.Rest,
    pid: null,
    name: 'REST API',
    type: 'rest',
    icon: 'rest',
    properties: [
      p(P.Url, { label: 'URL', required: true, expects: Expects.Uri, placeholder: 'https://' }),
      p(P.TestMethod, {
        label: 'Test method',
        type: 'select',
        isTest: true,
        columns: 4,
        options: Object.entries(RestTestMethods).map(([name, value]) => ({
          name: name.toUpperCase(),
          value,
        })),
      }),
      p(P.TestEndpoint, { label: 'Test endpoint', isTest: true, columns: 8, placeholder: '/' }),
      p(P.AuthMethod, {
        label: 'Authentication method',
        type: 'select',
        required: true,
        options: [
          { name: 'No authentication', value: RestAuthMethods.NoAuth },
          { name: 'Basic', value: RestAuthMethods.Basic },
          { name: 'API key', value: RestAuthMethods.ApiKey },
          { name: 'OAuth2 (authorization code)', value: RestAuthMethods.OAuth2 },
          { name: 'Certificate', value: RestAuthMethods.Certificate },
          { name: 'Bearer token', value: RestAuthMethods.Bearer },
          { name: 'OAuth2 client credentials', value: RestAuthMethods.ClientCredentials },
        ],
      }),
      p(P.BasicUser, {
        label: 'User name',
        required: true,
        condition: auth(RestAuthMethods.Basic),
      }),
      p(P.BasicPassword, {
        label: 'Password',
        secret: true,
        required: true,
        condition: auth(RestAuthMethods.Basic),
      }),
      p(P.ApiKeyName, { label: 'Key', required: true, condition: auth(RestAuthMethods.ApiKey) }),
      p(P.ApiKeyValue, {
        label: 'Value',
        secret: true,
        required: true,
        condition: auth(RestAuthMethods.ApiKey),
      }),
      p(P.ApiKeyInHeader, {
        label: 'Add to headers',
        type: 'checkbox',
        columns: 6,
        condition: auth(RestAuthMethods.ApiKey),
      }),
      p(P.ApiKeyInQuery, {
        label: 'Add to query parameters',
        type: 'checkbox',
        columns: 6,
        condition: auth(RestAuthMethods.ApiKey),
      }),
      p(P.CertificateFile, {
        label: 'Certificate file',
        type: 'file',
        required: true,
        tooltip: 'A path answered by POST /api/Credentials/upload/{id}.',
        condition: auth(RestAuthMethods.Certificate),
      }),
      p(P.CertificatePassword, {
        label: 'Certificate password',
        secret: true,
        condition: auth(RestAuthMethods.Certificate),
      }),
      p(P.OAuth2RedirectUrl, {
        label: 'Redirect URL',
        type: 'table',
        condition: auth(RestAuthMethods.OAuth2),
      }),
      p(P.OAuth2ClientId, {
        label: 'Client id',
        type: 'table',
        condition: auth(RestAuthMethods.OAuth2),
      }),
      p(P.OAuth2ClientSecret, {
        label: 'Client secret',
        type: 'table',
        secret: true,
        condition: auth(RestAuthMethods.OAuth2),
      }),
      p(P.OAuth2Parameters, {
        label: 'Extra parameters',
        type: 'table',
        condition: auth(RestAuthMethods.OAuth2),
      }),
      p(P.BearerToken, {
        label: 'Token',
        secret: true,
        required: true,
        condition: auth(RestAuthMethods.Bearer),
      }),
      p(P.ClientCredentialsTokenUrl, {
        label: 'Token URL',
        required: true,
        expects: Expects.Uri,
        condition: auth(RestAuthMethods.ClientCredentials),
      }),
      p(P.ClientCredentialsClientId, {
        label: 'Client id',
        required: true,
        condition: auth(RestAuthMethods.ClientCredentials),
      }),
      p(P.ClientCredentialsSecret, {
        label: 'Client secret',
        secret: true,
        required: true,
        condition: auth(RestAuthMethods.ClientCredentials),
      }),
      p(P.ClientCredentialsScope, {
        label: 'Scope',
        condition: auth(RestAuthMethods.ClientCredentials),
      }),
    ],
  };
}

// --- SMTP -----------------------------------------------------------------------------------
const M = '20202020';
export const SmtpProperties = {
  Server: sid(M, 1),
  Port: sid(M, 2),
  Encryption: sid(M, 3),
  UserName: sid(M, 4),
  Password: sid(M, 5),
  From: sid(M, 6),
} as const;

export const SmtpEncryptions = { None: sopt(M, 3, 1), Tls: sopt(M, 3, 2), Auto: sopt(M, 3, 3) };

function smtpTemplate(): CredentialTemplate {
  const P = SmtpProperties;
  let order = 0;
  const p = (id: string, spec: PropertySpec) => property(id, ++order, spec);
  return {
    gid: TemplateIds.Smtp,
    pid: null,
    name: 'SMTP (outbound e-mail)',
    type: 'smtp',
    icon: 'smtp',
    properties: [
      p(P.Server, { label: 'Server', required: true, expects: Expects.Hostname, columns: 8 }),
      p(P.Port, { label: 'Port', required: true, columns: 4, placeholder: '587' }),
      p(P.Encryption, {
        label: 'Encryption',
        type: 'radio',
        required: true,
        options: [
          { name: 'None', value: SmtpEncryptions.None },
          { name: 'TLS', value: SmtpEncryptions.Tls },
          { name: 'Auto (STARTTLS when offered)', value: SmtpEncryptions.Auto },
        ],
      }),
      p(P.UserName, { label: 'User name', columns: 6 }),
      p(P.Password, { label: 'Password', secret: true, columns: 6 }),
      p(P.From, { label: 'From address' }),
    ],
  };
}

// --- SQL ------------------------------------------------------------------------------------
const Q = '40404040';
export const SqlProperties = {
  ServerType: pid(Q, 1),
  ServerName: sid(Q, 2),
  Port: sid(Q, 3),
  Database: sid(Q, 4),
  Encrypt: sid(Q, 5),
  Pooling: sid(Q, 6),
  TrustServerCertificate: sid(Q, 7),
  UserName: sid(Q, 8),
  Password: sid(Q, 9),
  Protocol: sid(Q, 10),
  Authentication: sid(Q, 11),
} as const;

export const SqlServerTypes = {
  MsSql: popt(Q, 1, 1),
  MySql: popt(Q, 1, 2),
  PostgreSql: sopt(Q, 1, 3),
} as const;

function sqlTemplate(): CredentialTemplate {
  const P = SqlProperties;
  let order = 0;
  const p = (id: string, spec: PropertySpec) => property(id, ++order, spec);
  const mssql = when(P.ServerType, SqlServerTypes.MsSql);
  return {
    gid: TemplateIds.Sql,
    pid: null,
    name: 'SQL',
    type: 'sql',
    icon: 'sql',
    properties: [
      p(P.ServerType, {
        label: 'Server type',
        type: 'select',
        required: true,
        options: [
          { name: 'MSSQL', value: SqlServerTypes.MsSql },
          { name: 'MySQL', value: SqlServerTypes.MySql },
          { name: 'PostgreSQL', value: SqlServerTypes.PostgreSql },
        ],
      }),
      p(P.ServerName, { label: 'Server name', required: true, expects: Expects.Hostname }),
      p(P.Port, { label: 'Port', columns: 4 }),
      p(P.Database, { label: 'Database', required: true, columns: 8 }),
      p(P.Encrypt, { label: 'Encrypt', type: 'checkbox', columns: 4 }),
      p(P.Pooling, { label: 'Pooling', type: 'checkbox', columns: 4 }),
      p(P.TrustServerCertificate, {
        label: 'Trust server certificate',
        type: 'checkbox',
        columns: 4,
      }),
      p(P.UserName, { label: 'User name', required: true, columns: 6 }),
      p(P.Password, { label: 'Password', secret: true, columns: 6 }),
      p(P.Protocol, {
        label: 'Protocol',
        type: 'select',
        condition: mssql,
        options: ['None', 'TCP', 'LPC', 'NP'].map((name, i) => ({
          name,
          value: sopt(Q, 10, i + 1),
        })),
      }),
      p(P.Authentication, {
        label: 'Authentication',
        type: 'select',
        options: [{ name: 'Credentials', value: sopt(Q, 11, 1) }],
      }),
    ],
  };
}

// --- FTP / SFTP -----------------------------------------------------------------------------
const F = '5a1ce001';
export const FtpProperties = {
  Host: sid(F, 1),
  Port: sid(F, 2),
  Protocol: sid(F, 3),
  IgnoreCertificateWarnings: sid(F, 4),
  Directory: sid(F, 5),
  Authentication: sid(F, 6),
  UserName: sid(F, 7),
  Password: sid(F, 8),
  KeyFile: sid(F, 9),
  KeyPassphrase: sid(F, 10),
  KeyUserName: sid(F, 11),
} as const;

export const FtpProtocols = { Ftp: sopt(F, 3, 1), Sftp: sopt(F, 3, 2) } as const;
export const FtpAuthentications = { Basic: sopt(F, 6, 1), KeyFile: sopt(F, 6, 2) } as const;

function ftpTemplate(): CredentialTemplate {
  const P = FtpProperties;
  let order = 0;
  const p = (id: string, spec: PropertySpec) => property(id, ++order, spec);
  const basic = when(P.Authentication, FtpAuthentications.Basic);
  const keyFile = when(P.Authentication, FtpAuthentications.KeyFile);
  return {
    gid: TemplateIds.Ftp,
    pid: null,
    name: 'FTP / SFTP',
    type: 'ftp',
    icon: 'ftp',
    properties: [
      p(P.Host, { label: 'Host', required: true, expects: Expects.Hostname, columns: 8 }),
      p(P.Port, { label: 'Port', columns: 4, placeholder: '21' }),
      p(P.Protocol, {
        label: 'Protocol',
        type: 'radio',
        required: true,
        options: [
          { name: 'FTP', value: FtpProtocols.Ftp },
          { name: 'SFTP', value: FtpProtocols.Sftp },
        ],
      }),
      p(P.IgnoreCertificateWarnings, { label: 'Ignore certificate warnings', type: 'checkbox' }),
      p(P.Directory, { label: 'Directory path', placeholder: '/' }),
      p(P.Authentication, {
        label: 'Authentication',
        type: 'radio',
        required: true,
        options: [
          { name: 'Basic', value: FtpAuthentications.Basic },
          { name: 'Key file', value: FtpAuthentications.KeyFile },
        ],
      }),
      p(P.UserName, { label: 'User name', required: true, condition: basic }),
      p(P.Password, { label: 'Password', secret: true, condition: basic }),
      p(P.KeyFile, { label: 'Key file', type: 'file', required: true, condition: keyFile }),
      p(P.KeyPassphrase, { label: 'Key passphrase', secret: true, condition: keyFile }),
      p(P.KeyUserName, { label: 'Key user name', required: true, condition: keyFile }),
    ],
  };
}

/** The built-in templates, in the order `GET /api/Credentials/types` lists them. */
export const BUILTIN_TEMPLATES: readonly CredentialTemplate[] = Object.freeze([
  restTemplate(),
  smtpTemplate(),
  sqlTemplate(),
  ftpTemplate(),
]);

export function builtinTemplate(id: string): CredentialTemplate | undefined {
  const lower = id.toLowerCase();
  return BUILTIN_TEMPLATES.find((t) => t.gid === lower);
}

/** The verbs of Call API (API.md §7.3), served for the REST API template. */
export const REST_VERBS = [
  { gid: '3ab385bd-f8ae-b641-9176-e7db886aec01', value: 'GET' },
  { gid: 'eb0b6e47-858e-fd43-a616-d8ffc1baec02', value: 'POST' },
  { gid: 'f0e5b463-9207-c44d-8ed5-937e5f4aec03', value: 'PUT' },
  { gid: '2e1515c5-06e8-e24d-bc0d-b2c8ae1aec04', value: 'PATCH' },
  { gid: 'cdf1a1fe-d4eb-e342-87d4-211c800aec05', value: 'DELETE' },
].map((v) => ({ gid: v.gid, gtid: TemplateIds.Rest, value: v.value }));
