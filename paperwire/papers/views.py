from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("paperwire")


latest = daily = weekly = monthly = paper_detail = home  # replaced by the lead shortly
