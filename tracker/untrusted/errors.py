"""The refusal a child's task explains itself (imported by tasks; no Django)."""


class TaskError(Exception):
    """Its code, message and details go back to the parent as they are."""

    def __init__(self, code: str, message: str, **extra):
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra
