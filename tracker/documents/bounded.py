"""Rendering a .docx template with bounds: run in a bounded child (tracker.untrusted), no Django.

An office may replace a template, so a template is untrusted code: Jinja's sandbox
keeps it from reaching anything but its values, and the bounds here keep it from
asking for gigabytes in one expression (`'A' * 20000000`, `range(10**9)`, `9 ** 9 ** 9`)
or writing more document XML than any real document has. What a template can still
spend in loops that write nothing is stopped by the child's CPU limit.
"""

import io
import operator

from tracker.untrusted.errors import TaskError


def _environment(limits: dict):
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    def refuse(what: str, limit: int):
        raise TaskError("template_bounds", what, what=what, limit=limit)

    class BoundedEnvironment(SandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**", "+"])

        def call_binop(self, context, op, left, right):
            if op == "**":
                if isinstance(right, int | float) and abs(right) > limits["exponent"]:
                    refuse("exponent", limits["exponent"])
                return operator.pow(left, right)
            if op == "*":
                for sequence, times in ((left, right), (right, left)):
                    if isinstance(sequence, str | list | tuple) and isinstance(times, int):
                        if len(sequence) * max(times, 0) > limits["repeat"]:
                            refuse("repeat", limits["repeat"])
                return operator.mul(left, right)
            result = operator.add(left, right)
            if isinstance(result, str | list | tuple) and len(result) > limits["output"]:
                refuse("output", limits["output"])
            return result

    def bounded_range(*args):
        sequence = range(*args)
        if len(sequence) > limits["range"]:
            refuse("range", limits["range"])
        return sequence

    def bounded_concat(pieces) -> str:
        # Template.render joins what the template writes with Environment.concat: counted
        # here piece by piece, so the writing stops at the cap instead of after it.
        written, out = 0, []
        for piece in pieces:
            written += len(piece)
            if written > limits["output"]:
                refuse("output", limits["output"])
            out.append(piece)
        return "".join(out)

    # Autoescape: a ward's name or a signer's name cannot break the document's XML.
    # Strict: a placeholder the data does not fill is an error, not a gap in a signed text.
    environment = BoundedEnvironment(autoescape=True, undefined=StrictUndefined)
    environment.globals["range"] = bounded_range
    environment.concat = bounded_concat
    return environment


def docx_render_bounded(*, template: bytes, context: dict, bounds: dict) -> bytes:
    """The document's bytes; TaskError with what went wrong, for the parent to explain."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(context, jinja_env=_environment(bounds), autoescape=True)
    except TaskError:
        raise
    except TemplateError as error:
        raise TaskError(
            "template_error",
            error.message or str(error),
            kind=type(error).__name__,
            line=getattr(error, "lineno", None),
        ) from None
    except MemoryError:
        raise
    except Exception as error:  # a broken part of the package: lxml, KeyError, ValueError
        raise TaskError("template_broken", str(error)[:500], kind=type(error).__name__) from None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
