"""茶叶与特色产业 (agriculture bureau): tea and specialty-crop area by township with the organic share."""

from views.domain import render

render("industry")
