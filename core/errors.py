"""Errors shared across parts, each with a sentence a person can act on.

JobbotError
 ├── ConfigError        settings missing or invalid
 └── ServiceUnavailable a service Jobbot needs is not reachable
"""


class JobbotError(Exception):
    """Base of every error Jobbot raises on purpose."""


class ConfigError(JobbotError):
    pass


class ServiceUnavailable(JobbotError):
    def __init__(self, service: str, detail: str, fix: str) -> None:
        super().__init__(f"{service} is not reachable: {detail}. {fix}")
        self.service, self.detail, self.fix = service, detail, fix
