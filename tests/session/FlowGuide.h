#pragma once

// A plain guide in the shape teams write: an issue with symptoms, a diagnosis with a check,
// two numbered solutions and a root cause. Kept in a header: moc does not read raw strings.
inline constexpr char kFlowGuide[] = R"(# Database troubleshooting

## Database Connection Issues

### Issue: Connection refused by the database

**Symptoms:**
```
could not connect to server: Connection refused
```

**Diagnosis:**
```bash
# Check if PostgreSQL is running
pg_isready -h localhost -p 5432
```

**Solutions:**

1. **Start PostgreSQL**
   ```bash
   sudo systemctl start postgresql
   ```

2. **Check the connection string**
   Make sure DATABASE_URL names the right host and port.

**Root Cause:** PostgreSQL is not running, or the app points elsewhere.
)";
