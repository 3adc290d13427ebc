from django.core.paginator import Paginator
from django.shortcuts import render

from portal import roles
from portal.views.decorators import member_required, role_required
from training.selectors import trainee_get_for_user, trainee_list_for_user, trainee_own_records


@role_required(roles.AMBASSADOR, roles.OPERATOR)
def my_training(request):
    return render(request, "training/my_training.html", {"records": trainee_own_records(audience=request.audience)})


@role_required(roles.TRAINER)
def trainer_home(request):
    return render(request, "training/trainer_home.html")


@role_required(*roles.PROGRAM_OFFICE)
def trainee_list(request):
    trainees = trainee_list_for_user(audience=request.audience)
    track = request.GET.get("track")
    if track:
        trainees = trainees.filter(track=track)
    page = Paginator(trainees, 25).get_page(request.GET.get("page"))
    return render(request, "training/trainee_list.html", {"page": page})


@member_required
def trainee_detail(request, pk):
    trainee = trainee_get_for_user(audience=request.audience, pk=pk)
    return render(request, "training/trainee_detail.html", {"trainee": trainee})
