from django.core.paginator import Paginator
from django.shortcuts import render

from firms.selectors import firm_get_for_user, firm_list_for_user, firm_list_with_member_counts
from portal import roles
from portal.views.decorators import member_required, role_required


@role_required(roles.FIRM)
def home(request):
    return render(request, "firms/home.html", {"firms": firm_list_for_user(audience=request.audience)})


@role_required(*roles.PROGRAM_OFFICE)
def firm_list(request):
    firms = firm_list_with_member_counts(audience=request.audience)
    province = request.GET.get("province")
    if province and province.isdigit():
        firms = firms.filter(province__plate=int(province))
    page = Paginator(firms, 25).get_page(request.GET.get("page"))
    return render(request, "firms/firm_list.html", {"page": page})


@member_required
def firm_detail(request, pk):
    firm = firm_get_for_user(audience=request.audience, pk=pk)
    return render(request, "firms/firm_detail.html", {"firm": firm})
