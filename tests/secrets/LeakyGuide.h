#pragma once

// A guide with credentials written into every place a guide can hold one. Kept apart from the
// test so that moc, which does not read raw strings, never sees it.
namespace {
const char *const kGuide = R"(# Leaky guide

Connect with `psql postgresql://app:Pg-Secr3t-1@db:5432/orders` if unsure.

### Issue: Everything leaks

**Symptom**: `FATAL: password authentication failed`

**Diagnosis**:
```bash
redis-cli -a rEd1s-pa55 ping
PGPASSWORD=EnvPw-77 psql -h db -c 'SELECT 1'
curl -b "session=cookie-V4L" http://localhost:8000/me
curl -H "Authorization: Bearer bearer-T0K" http://localhost:8000/me
curl -H'X-Api-Key: apiKey-9Z' https://api.example.com/usage
curl -u admin:basicPw-5 http://localhost:15672/api/overview
psql "host=db user=app password=connPw-42 dbname=orders" -c 'SELECT 1'
curl "https://api.example.com/v1?api_key=queryKey-8"
REDISCLI_AUTH=redisAuth-3 redis-cli info memory
curl --oauth2-bearer oauthTok-4 https://api.example.com/
wget --password wgetPw-12 http://localhost:8000/health
```

Also try `redis-cli -a rEd1s-pa55 info stats` inline.

**Solution**: reconnect.
```bash
export API_TOKEN=headerTok-2
mysql -u root --password=blockPw-11
```

| Error | Cause | Solution |
|---|---|---|
| `access denied` | bad password | `psql postgresql://u:tablePw-13@h/db` |

### Check: Does the API answer?

```check
type: http
url: https://admin:urlPw-66@api.example.com/health
password: blockPw-11
headers:
  Authorization: Bearer headerTok-2
pass: "#issue-everything-leaks"
```
)";

// Shapes found after the first: markup around a name, connection strings without a scheme,
// commands that take a credential as an argument, constants in code, a key/value table; and
// names that hold a credential word without naming a credential.
const char *const kMoreShapes = R"(# More shapes

### Issue: Nothing connects

<details>
<summary><b>Password:</b> sumPw-1</summary>

The admin account.
</details>

The default is in the note[^pw]. **Password:** boldPw-2 is the old one.

[^pw]: **Password**: footPw-3

**Diagnosis**:
```bash
go run ./cmd/check -dsn "app:goDsn-4@tcp(127.0.0.1:3306)/orders"
echo "db:5432:orders:app:pgpass-5" >> ~/.pgpass
http -a admin:httpie-6 GET https://api.example.com/me
vault login s.vaultTok7
consul members -token=consulTok-8
mc alias set local http://localhost:9000 minioadmin minioSec-9
net use \\fs01\share netUse-10 /user:CORP\bob
cmdkey /add:fs01 /user:CORP\bob /pass:cmdKey-11
```

```powershell
$pw = ConvertTo-SecureString "psPlain-12" -AsPlainText -Force
```

```js
const API_KEY = "jsKey-13";
const dbPassword: string = 'tsPw-14';
```

| Setting | Value |
|---|---|
| DB_PASSWORD | tablePw-15 |
| primary_key | id |

```yaml
token_endpoint: https://idp.example.com/token
auth_method: scram-sha-256
```
)";

// Shapes of the third series: a token, a key or a secret labelled in bold or HTML, vault's bare
// token, consul's spaced -token, a class's field, an environment variable's row whatever its
// value's shape; and code that reads a credential from the environment.
const char *const kThirdShapes = R"(# Third shapes

### Issue: Nothing authenticates

**Token:** boldTok1 came from the dashboard.

- <b>API key</b>: htmlKey2

**Diagnosis**:
```bash
vault login rootword
consul acl token list -token consultoken
```

```ts
class Client {
  private readonly apiKey: string = "tsField3";
  private readonly authToken: string = process.env.GH_PAT!;
}
```

| Variable | Value |
|---|---|
| REDIS_PASSWORD | tablepass |
| API_TOKEN | <token> |

**Token:** the one from the dashboard.
)";

// Shapes of the fourth series: a value in an HTML code element after a key's colon, a class's
// private fields (#name), an environment variable's row whose value is digits.
const char *const kFourthShapes = R"(# Fourth shapes

### Issue: Logins fail

Token: <code>codeTok4a</code> was issued yesterday.

```js
class Client {
  #apiKey = "privField4";
  static #token = 'staticField4';
  #region = "eu-west-1";
}
```

| Variable | Value |
|---|---|
| PIN_PASSWORD | 493817 |
| TOKEN_TTL | 3600 |
)";

// Labels that name a credential and say which one ("Token for Vault:"), with values after them;
// and the same labels before prose and a placeholder.
const char *const kLabelShapes = R"(# Label shapes

### Issue: Vault login fails

Token for Vault: vaultLbl5a

API key for staging: q8Zr2mXa

**API key (prod)**: prodLbl5b

Password for the admin UI: `adminLbl`

Token for Vault: ask the platform team.

Token for Vault: `$VAULT_TOKEN`
)";

// A token flag's well-known values, which are no secret, and a token after the same flag.
const char *const kFlagShapes = R"(# Flag shapes

### Issue: Members are missing

**Diagnosis**:
```bash
consul members -token anonymous
consul members -token 3f1c9a7e-5b2d-4c8e-9a1f-0e6d7c5b4a39
nomad job status --token anonymous web
```
)";

// Columns titled for a credential, with digits and words in them; a column that names none.
const char *const kColumnShapes = R"(# Column shapes

### Issue: Admin cannot log in

| user | password |
|---|---|
| admin | 731942 |
| ops | hunterword |
| guest | <ask the DBA> |

| Card | PIN |
|---|---|
| visa | 4821 |

| Setting | Password policy |
|---|---|
| min length | 12 |
)";

// Shapes of the fifth series: a password in prose in a code span, consul after sudo (both in
// titles, which lose the backticks), a PIN after a label and in a key/value row, a table without
// outer pipes; and prose after a token's name, a YAML switch named pin, a variable where the
// password would be.
const char *const kFifthShapes = R"(# Fifth shapes

### Issue: Relay cannot reach the database

**Diagnosis**: The dev database password is `relaydev`.

**Solution 1**: Log in with `sudo consul acl token read -token 7f3c9a21-55aa-4b1e-9e0c-2d1f0b6c7e11 -self`.

**Solution 2**: Vault token: ask the platform team.

| Setting | Value |
|---|---|
| PIN | 482913 |
| pin | true |

Setting | Password
--- | ---
staging | hunter2staging

**PIN:** 7315

The password is `$DB_PASSWORD`.
)";
} // namespace
