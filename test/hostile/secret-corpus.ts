/**
 * Secrets of every shape the adversarial review of 0.1.0 leaked (issue 10, defect 6), and the
 * shapes that the rule sets of gitleaks (`config/gitleaks.toml`), detect-secrets (its plugins,
 * the `keyword` denylist) and trufflehog maintain. All values are made up; they only look real.
 *
 * `secrets` must not appear in any log line or event text; `masked`, when given, is what the text
 * becomes (separators and the rest of the text kept).
 */

export interface SecretCase {
  /** The shape, as the test names it. */
  readonly shape: string;
  /** Text that carries the secret, as an error message could. */
  readonly text: string;
  /** What must never be logged: the secret, and distinctive parts of it. */
  readonly secrets: readonly string[];
  /** The exact redaction of `text`, where the shape has one obvious answer. */
  readonly masked?: string;
  /** The secret has no end marker: everything after its start is masked. */
  readonly masksToEnd?: true;
}

const PEM_BODY =
  'MIIEowIBAAKCAQEA2a2rwplBQLzHPZe5TNJNBpN0IOf7Ah1W1k1DLnX3kJ6u8tWzFq\nQ1Pj2o0yS9d3vXk7nZc4bG8hT5mE1rL0qW6yU2iO9pA3sD5fG7hJ9kL1zX3cV5bN';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcGF5bWVudHMiLCJpYXQiOjE3NjQ5MDAwMDB9.Qm9ndXNTaWduYXR1cmVGb3JUZXN0aW5nT25seTEyMw';

/** Shapes the review found leaking in full or in part (defect 6). */
const reviewed: SecretCase[] = [
  {
    shape: 'a refresh_token= query parameter',
    text: 'POST https://login.example.com/oauth2/token?grant_type=refresh_token&refresh_token=1//0gRtK9xQ7mZ3vB8nL2pW5cY6 failed',
    secrets: ['1//0gRtK9xQ7mZ3vB8nL2pW5cY6', '0gRtK9xQ7mZ3'],
    masked:
      'POST https://login.example.com/oauth2/token?grant_type=refresh_token&refresh_token=*** failed',
  },
  {
    shape: 'an id_token= fragment parameter',
    text: 'redirect to https://app.example.com/callback#state=x1&id_token=Zx8Qm3Lp7Rt2Vb9Nc4Kd6',
    secrets: ['Zx8Qm3Lp7Rt2Vb9Nc4Kd6'],
    masked: 'redirect to https://app.example.com/callback#state=x1&id_token=***',
  },
  {
    shape: 'an auth_token= query parameter',
    text: 'GET /v2/feed?auth_token=9f8e7d6c5b4a39281706f5e4d3c2b1a0&page=2 returned 503',
    secrets: ['9f8e7d6c5b4a39281706f5e4d3c2b1a0'],
    masked: 'GET /v2/feed?auth_token=***&page=2 returned 503',
  },
  {
    shape: 'a SharedAccessKey= in a Service Bus connection string',
    text: 'Endpoint=sb://orders-ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=Xk2mP9qR4tV7wY0zB3cE6fH8jL1nQ5sU7vX9yA2dG4i=;EntityPath=orders',
    secrets: ['Xk2mP9qR4tV7wY0zB3cE6fH8jL1nQ5sU7vX9yA2dG4i='],
    masked:
      'Endpoint=sb://orders-ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=***;EntityPath=orders',
  },
  {
    shape: 'a "password" in a JSON body',
    text: 'bad request body {"user":"app","password":"Tr0ub4dor&3xQ","remember":true}',
    secrets: ['Tr0ub4dor&3xQ', 'Tr0ub4dor'],
    masked: 'bad request body {"user":"app","password":"***","remember":true}',
  },
  {
    shape: 'a "client_secret" in a JSON body with spaces around the colon',
    text: '{"client_id": "orders-api", "client_secret" : "Q8x~vN2mK5pL9rT3wY6zB1cE4fH7jM0"}',
    secrets: ['Q8x~vN2mK5pL9rT3wY6zB1cE4fH7jM0'],
    masked: '{"client_id": "orders-api", "client_secret" : "***"}',
  },
  {
    shape: 'an aws_secret_access_key= in a credentials file',
    text: 'profile default: aws_access_key_id=AKIAZ7QXW3EXAMPLE42X aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYz9EXAMPLEKEY',
    secrets: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYz9EXAMPLEKEY', 'AKIAZ7QXW3EXAMPLE42X'],
  },
  {
    shape: 'an x-api-key: header',
    text: 'request headers: x-api-key: 4f3c2b1a0e9d8c7b6a5f4e3d, accept: application/json',
    secrets: ['4f3c2b1a0e9d8c7b6a5f4e3d'],
    masked: 'request headers: x-api-key: ***, accept: application/json',
  },
  {
    shape: 'a Cookie: header, every cookie in it',
    text: 'GET /cart\nCookie: theme=dark; sid=s%3AaBcDeF123456.QwErTyUiOp; csrftoken=Lm8Kj7Hg6Fd5\nHost: shop',
    secrets: ['s%3AaBcDeF123456.QwErTyUiOp', 'Lm8Kj7Hg6Fd5', 'aBcDeF123456'],
    masked: 'GET /cart\nCookie: ***\nHost: shop',
  },
  {
    shape: 'a Basic credential without the word Authorization',
    text: 'proxy 407: sent Basic dXNlcjpodW50ZXIyLXNlY3JldA== and was refused',
    secrets: ['dXNlcjpodW50ZXIyLXNlY3JldA=='],
    masked: 'proxy 407: sent Basic *** and was refused',
  },
  {
    shape: 'a double-encoded SAS sig (%253Fsig%253D)',
    text: '/login?next=https%253A%252F%252Facct.blob.core.windows.net%252Fc%252Fb.bin%253Fsv%253D2023-11-03%2526sig%253DdEaDbEeF0123456789aBcDeF%25252BxYz%25253D%2526se%253D2026',
    secrets: ['dEaDbEeF0123456789aBcDeF', 'xYz%25253D'],
    masked:
      '/login?next=https%253A%252F%252Facct.blob.core.windows.net%252Fc%252Fb.bin%253Fsv%253D2023-11-03%2526sig%253D***%2526se%253D2026',
  },
  {
    shape: 'a PEM private key',
    text: `loaded key -----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY----- from vault`,
    secrets: ['MIIEowIBAAKCAQEA2a2rwplBQLzHPZe5TNJNBpN0IOf7', 'hJ9kL1zX3cV5bN'],
    masked: 'loaded key -----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY----- from vault',
  },
  {
    shape: 'a URL password containing /',
    text: 'connect redis://:S3cr/x9Qz@cache.internal:6379/0 failed',
    secrets: ['S3cr/x9Qz', 'x9Qz'],
    masked: 'connect redis://:***@cache.internal:6379/0 failed',
  },
  {
    shape: 'a URL password containing @',
    text: 'connect postgres://app:p@ssW0rd!x@db.internal:5432/orders failed',
    secrets: ['p@ssW0rd!x', 'ssW0rd!x'],
    masked: 'connect postgres://app:***@db.internal:5432/orders failed',
  },
];

/** Key=value with a secret-ish key, in every syntax an error message brings it in. */
const keyValues: SecretCase[] = [
  {
    shape: 'a password= in a form body',
    text: 'username=app&password=hunter2-Xq9&grant_type=password',
    secrets: ['hunter2-Xq9'],
    masked: 'username=app&password=***&grant_type=password',
  },
  {
    shape: 'a passwd: in YAML',
    text: 'config error at line 4: passwd: Pa55-w0rd-Zq',
    secrets: ['Pa55-w0rd-Zq'],
    masked: 'config error at line 4: passwd: ***',
  },
  {
    shape: 'a Pwd= in an ADO.NET connection string',
    text: 'Server=tcp:db,1433;Uid=app;Pwd=Zx9!qW2e;Encrypt=true',
    secrets: ['Zx9!qW2e'],
    masked: 'Server=tcp:db,1433;Uid=app;Pwd=***;Encrypt=true',
  },
  {
    shape: 'a secret = with spaces around =',
    text: 'webhook secret = whk-7Yt6Rr5Ee4Ww3 rejected',
    secrets: ['whk-7Yt6Rr5Ee4Ww3'],
    masked: 'webhook secret = *** rejected',
  },
  {
    shape: 'a token= followed by ", " (the separator stays)',
    text: 'token=abc123XYZ789, retrying',
    secrets: ['abc123XYZ789'],
    masked: 'token=***, retrying',
  },
  {
    shape: 'an api_key= query parameter',
    text: 'https://api.example.com/v1/q?api_key=k3yV4lu3Zz9&q=1',
    secrets: ['k3yV4lu3Zz9'],
    masked: 'https://api.example.com/v1/q?api_key=***&q=1',
  },
  {
    shape: 'an apiKey in camelCase JSON',
    text: '{"apiKey":"Yb7Nk2Lm9Pq4Rs6Tu8","region":"eu"}',
    secrets: ['Yb7Nk2Lm9Pq4Rs6Tu8'],
    masked: '{"apiKey":"***","region":"eu"}',
  },
  {
    shape: 'an access_key= in an INI line',
    text: 'minio access_key=MNO5PQ7RS9TU1VW3 secret_key=XyZ0aBc1DeF2gHi3JkL4',
    secrets: ['MNO5PQ7RS9TU1VW3', 'XyZ0aBc1DeF2gHi3JkL4'],
    masked: 'minio access_key=*** secret_key=***',
  },
  {
    shape: 'a credential: header',
    text: 'x-goog-credential: svc-acct-42/20261125/auto/storage/goog4_request; retry',
    secrets: ['svc-acct-42/20261125/auto/storage/goog4_request'],
  },
  {
    shape: 'an auth= query parameter',
    text: 'wss://push.example.com/socket?auth=Tk9QZW5VcDEyMw&v=2',
    secrets: ['Tk9QZW5VcDEyMw'],
    masked: 'wss://push.example.com/socket?auth=***&v=2',
  },
  {
    shape: 'a session id in a Set-Cookie header',
    text: 'Set-Cookie: JSESSIONID=9A8B7C6D5E4F3A2B1C0D; Path=/; HttpOnly',
    secrets: ['9A8B7C6D5E4F3A2B1C0D'],
    masked: 'Set-Cookie: ***',
  },
  {
    shape: 'a session_id= form field',
    text: 'session_id=f0e1d2c3b4a5968778695a4b&step=2',
    secrets: ['f0e1d2c3b4a5968778695a4b'],
    masked: 'session_id=***&step=2',
  },
  {
    shape: 'a signature= query parameter',
    text: 'https://cdn.example.com/v.mp4?expires=1764900000&signature=8c7b6a5f4e3d2c1b0a99&key-pair-id=K2',
    secrets: ['8c7b6a5f4e3d2c1b0a99'],
    masked: 'https://cdn.example.com/v.mp4?expires=1764900000&signature=***&key-pair-id=K2',
  },
  {
    shape: 'an Azure SAS sig= query parameter',
    text: 'PUT https://acct.blob.core.windows.net/c/b?sv=2023-11-03&sp=rw&sig=X7pQ2%2Bk9Lm3Nw8RzT5vY1aB4cD6eF0gH2iJ4kL6mN8o%3D failed',
    secrets: ['X7pQ2%2Bk9Lm3Nw8RzT5vY1aB4cD6eF0gH2iJ4kL6mN8o%3D', 'X7pQ2'],
    masked: 'PUT https://acct.blob.core.windows.net/c/b?sv=2023-11-03&sp=rw&sig=*** failed',
  },
  {
    shape: 'an Azure storage AccountKey= in a connection string',
    text: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net',
    secrets: ['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq'],
    masked:
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=***;EndpointSuffix=core.windows.net',
  },
  {
    shape: 'a client_secret= in a form body',
    text: 'grant_type=client_credentials&client_id=app&client_secret=cl13ntS3cr3tV4lue&scope=read',
    secrets: ['cl13ntS3cr3tV4lue'],
    masked: 'grant_type=client_credentials&client_id=app&client_secret=***&scope=read',
  },
  {
    shape: 'a "private_key" in a service-account JSON',
    text: `{"type":"service_account","private_key_id":"4f3e2d1c0b9a","private_key":"-----BEGIN PRIVATE KEY-----\\n${PEM_BODY.replace('\n', '\\n')}\\n-----END PRIVATE KEY-----\\n"}`,
    secrets: ['MIIEowIBAAKCAQEA2a2rwplBQLzHPZe5TNJNBpN0IOf7', '4f3e2d1c0b9a'],
  },
  {
    shape: 'a password with escaped quotes inside its JSON value',
    text: 'body {"password":"ab\\"cd\\"Ef9!","next":1}',
    secrets: ['ab\\"cd', 'Ef9!'],
    masked: 'body {"password":"***","next":1}',
  },
  {
    shape: 'a token in JSON escaped inside a JSON string',
    text: '{"body":"{\\"token\\":\\"Zq8Wm2Xr5Tn7\\",\\"id\\":7}"}',
    secrets: ['Zq8Wm2Xr5Tn7'],
    masked: '{"body":"{\\"token\\":\\"***\\",\\"id\\":7}"}',
  },
  {
    shape: "a password in util.inspect form ({ password: '…' })",
    text: "options: { user: 'app', password: 'hunter2!xQ' }",
    secrets: ['hunter2!xQ'],
    masked: "options: { user: 'app', password: '***' }",
  },
  {
    shape: 'a passphrase => in a Ruby hash',
    text: '{:passphrase => "correct-horse-battery-9"}',
    secrets: ['correct-horse-battery-9'],
  },
  {
    shape: 'an x-auth-token: header',
    text: 'X-Auth-Token: 6a5b4c3d2e1f0a9b8c7d',
    secrets: ['6a5b4c3d2e1f0a9b8c7d'],
    masked: 'X-Auth-Token: ***',
  },
  {
    shape: 'an Authorization: Bearer header',
    text: `Authorization: Bearer ${JWT}\nretry-after: 1`,
    secrets: [JWT, JWT.split('.')[2] as string],
    masked: 'Authorization: ***\nretry-after: 1',
  },
  {
    shape: 'an AWS SigV4 Authorization header',
    text: 'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    secrets: ['AKIAIOSFODNN7EXAMPLE', 'aeeed9bbccd4d02ee5c0109b86d86835'],
  },
  {
    shape: 'an X-Amz-Signature in a presigned URL, URL-encoded inside another URL',
    text: `/r?to=${encodeURIComponent('https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261125&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404&x=1')}`,
    secrets: ['AKIAIOSFODNN7EXAMPLE', 'aeeed9bbccd4d02ee5c0109b86d86835'],
  },
  {
    shape: 'a password in a database URL',
    text: 'mongodb+srv://app:s3cr3t-Pa55@cluster0.example.net/orders',
    secrets: ['s3cr3t-Pa55'],
    masked: 'mongodb+srv://app:***@cluster0.example.net/orders',
  },
];

/** Shapes from the provider rule sets, found by their shape whatever text surrounds them. */
const providerTokens: SecretCase[] = [
  ['an AWS access key id (AKIA…)', 'AKIA2OGYBAH6STMMNXNN'],
  ['an AWS temporary access key id (ASIA…)', 'ASIAY34FZKBOKMUTVV7A'],
  ['a GitHub personal access token (ghp_)', 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'],
  ['a GitHub OAuth token (gho_)', 'gho_Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2'],
  [
    'a GitHub fine-grained token (github_pat_)',
    'github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ012345678',
  ],
  ['a GitLab token (glpat-)', 'glpat-x7Yz9AbC3dEf5GhI1jKl'],
  ['a Slack bot token (xoxb-)', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
  [
    'a Slack user token (xoxp-)',
    'xoxp-210987654321-210987654321-9876543210-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d',
  ],
  ['a Stripe live secret key (sk_live_)', 'sk_live_51HxQzL2eZvKYlo2C8qW7rT5yU3iO1pA9sD'],
  ['a Stripe restricted key (rk_live_)', 'rk_live_51HxQzL2eZvKYlo2CbN4mK6jH8gF0dS2a'],
  ['a Google API key (AIza…)', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'],
  ['a JWT (eyJ…)', JWT],
  ['an OpenAI project key (sk-proj-)', 'sk-proj-Ab3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1Ef3Hi5'],
  ['an npm token (npm_)', 'npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'],
  ['a SendGrid key (SG.)', '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'],
  ['a Hugging Face token (hf_)', 'hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh'],
  ['an Azure AD client secret (…Q~…)', 'abc8Q~Zx7Yw6Vu5Ts4Rq3Po2Nm1Lk0Ji9Hg8Fe'],
].map(([shape, token]) => ({
  shape: shape as string,
  text: `upstream said 401 for ${token} (retrying)`,
  secrets: [token as string],
  masked: 'upstream said 401 for *** (retrying)',
}));

const otherKeys: SecretCase[] = [
  {
    shape: 'a PKCS#8 private key, its END line cut off',
    text: `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}`,
    masksToEnd: true,
    secrets: ['MIIEowIBAAKCAQEA2a2rwplBQLzHPZe5TNJNBpN0IOf7', 'hJ9kL1zX3cV5bN'],
  },
  {
    shape: 'an OpenSSH private key',
    text: `key: -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----`,
    secrets: ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'],
  },
  {
    shape: 'a PGP private key block',
    text: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGVxyz0BCADd4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\n-----END PGP PRIVATE KEY BLOCK-----',
    secrets: ['lQOYBGVxyz0BCADd4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'],
  },
  {
    shape: 'a Slack webhook URL',
    text: 'POST https://hooks.slack.com/services/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 returned 500',
    secrets: ['aB3cD5eF7gH9iJ1kL3mN5oP7'],
  },
];

/** Every secret shape of the corpus. */
export const SECRET_CORPUS: readonly SecretCase[] = [
  ...reviewed,
  ...keyValues,
  ...providerTokens,
  ...otherKeys,
];

/** Texts with no credential in them: they reach a log line unchanged. */
export const ORDINARY_TEXTS: readonly string[] = [
  'read ECONNRESET',
  'connect ECONNREFUSED 10.0.0.7:443',
  'getaddrinfo ENOTFOUND db.internal',
  'socket hang up',
  'request timed out after 5000 ms',
  '503 Service Unavailable',
  'http 429 Too Many Requests',
  'grpc UNAVAILABLE: Connection dropped',
  'retry budget: token bucket empty',
  'Basic authentication required',
  'Bearer token missing or expired',
  'password authentication failed for user "app"',
  'ExpiredTokenException: The security token included in the request is expired',
  'InvalidSignatureException: Signature expired: 20261125T120000Z is now earlier than 20261125T120500Z',
  'GET https://api.example.com/v1/items?page=2&limit=50&sort=-created failed',
  'https://registry.npmjs.org:443/@types/node failed with 502',
  'postgres://db.internal:5432/orders refused the connection',
  'HttpError: 503 Service Unavailable (GET https://example.com/a/b)',
  'SlowDown: Please reduce your request rate.',
  'sessions: 3 active, 0 idle',
  'the author: Jane; the authority: api.example.com',
];
