"""人居环境 (agriculture and housing bureaus): garbage collection and sanitary toilets."""

from views.domain import render

render("sanitation")
