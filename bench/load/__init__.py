"""The load test: gunicorn with production settings on PostgreSQL under a mix of staff,
supervisors and finance driven by locust (run.py), measured against a bare Django page."""
