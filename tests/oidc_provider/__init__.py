"""The test OpenID Connect provider (server.py) and how tests start and steer it (process.py)."""
