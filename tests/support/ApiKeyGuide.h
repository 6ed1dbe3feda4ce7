#pragma once

// A Triage-format guide whose http check sends a header whose value comes from the keychain.
inline const char *kApiKeyGuide = R"(---
triage: 1
id: apikey
---
# API

## Issue: The API rejects us

**Symptoms**

- `401 Unauthorized`

### Check: Does the API accept our key?

```check
type: http
url: http://localhost:8000/me
secret_headers:
  - X-Api-Key
pass: "#outcome-it-does"
fail: "#solution-rotate-the-key"
```

### Solution: Rotate the key

Ask for a new one.

### Outcome: It does

Fine.
)";
