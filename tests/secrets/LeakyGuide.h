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
} // namespace
