#pragma once

// A Triage-format guide for the `triage check` tests, kept out of TestCli.cpp so that moc does
// not read its raw string.
inline const char *kCheckGuide = R"(---
triage: 1
id: svc
---
# Service

## Issue: The service is down

**Symptoms**

- `curl: (7) Failed to connect to 127.0.0.1 port 8080: Connection refused`

### Check: Is its port open?

```check
type: tcp
host: 127.0.0.1
port: 1
pass: "#outcome-it-answers"
fail: "#solution-start-the-service"
on:
  connection_refused: "#solution-start-the-service"
```

### Solution: Start the service

Start it.

### Outcome: It answers

Nothing to do.

## Issue: Redis refuses

**Symptoms**

- `NOAUTH Authentication required.`

### Check: Does Redis answer?

```check
type: redis
host: 127.0.0.1
port: 1
auth: password
timeout: 1500
pass: "#outcome-redis-answers"
fail: "#solution-check-the-password"
```

### Solution: Check the password

Bind the right one.

### Outcome: Redis answers

Fine.
)";
