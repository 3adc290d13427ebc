from django.contrib import messages
from django.core.exceptions import ValidationError

from assessments.selectors import assessment_get_for_user


def get_assessment(request, pk):
    return assessment_get_for_user(audience=request.audience, pk=pk)


def report_errors(request, error: ValidationError, form=None) -> None:
    """Show a service's ValidationError on the form's fields where they exist, otherwise as messages."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            if form is not None:
                form.add_error(field if field in form.fields else None, errors)
            else:
                for message in errors:
                    messages.error(request, message)
    else:
        for message in error.messages:
            if form is not None:
                form.add_error(None, message)
            else:
                messages.error(request, message)
