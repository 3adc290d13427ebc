from django.contrib import messages
from django.core.exceptions import ValidationError


def report_errors(request, error: ValidationError, form=None) -> None:
    """Show a service's ValidationError: beside the form's fields where they exist, otherwise on top of the form
    (or as messages when the page has no form, or its form was not sent: a repeated or late action). The one way
    every view turns a refused write into what the user reads."""
    if form is not None and not form.is_bound:
        form = None
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
