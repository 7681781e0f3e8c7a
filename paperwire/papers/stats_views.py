"""Placeholder until the community issue's /stats and /about pages land."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def stats_page(request: HttpRequest) -> HttpResponse:
    return render(request, "papers/placeholder.html", {"heading": "Statistics", "nav": "stats"})


def about_page(request: HttpRequest) -> HttpResponse:
    return render(request, "papers/placeholder.html", {"heading": "About"})
