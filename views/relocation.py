"""易地搬迁 (rural revitalization bureau): relocation sites, jobs, schools and clinics within reach."""

from views.domain import render

render("relocation")
