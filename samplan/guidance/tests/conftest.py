from samplan.core.tests.smtp import smtp_server  # noqa: F401 (a fixture for the e-mail tests)
