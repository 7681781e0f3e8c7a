"""Placeholder until the community issue's trending page lands."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def trending_page(request: HttpRequest) -> HttpResponse:
    return render(request, "papers/placeholder.html", {"heading": "Trending", "nav": "trending"})
