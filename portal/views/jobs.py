from django.http import FileResponse, Http404
from django.shortcuts import render

from portal.selectors import job_get_for_user
from portal.services.jobs import job_resume_if_lost
from portal.views.decorators import member_required


@member_required
def job_detail(request, pk):
    job = job_get_for_user(audience=request.audience, pk=pk)
    job_resume_if_lost(job=job)
    return render(request, "portal/job_detail.html", {"job": job})


@member_required
def job_progress(request, pk):
    """The partial the job page polls with htmx; it stops polling once the job has finished."""
    job = job_get_for_user(audience=request.audience, pk=pk)
    job_resume_if_lost(job=job)
    return render(request, "portal/partials/job_progress.html", {"job": job})


@member_required
def job_download(request, pk):
    job = job_get_for_user(audience=request.audience, pk=pk)
    if not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/", 1)[-1]
    )
