from assessments.selectors import assessment_get_for_user


def get_assessment(request, pk):
    return assessment_get_for_user(audience=request.audience, pk=pk)
