from django.urls import path

from . import views_keberatan as views

urlpatterns = [
    # Objections: the staff member's form from their entry, the decider's list and decision.
    path("keberatan/", views.keberatan_list, name="keberatan_list"),
    path(
        "keberatan/entri/<int:entri_pk>/ajukan/",
        views.keberatan_ajukan,
        name="keberatan_ajukan",
    ),
    path("keberatan/<int:pk>/", views.keberatan_detail, name="keberatan_detail"),
    path("keberatan/<int:pk>/putuskan/", views.keberatan_putuskan, name="keberatan_putuskan"),
    # The admin kepegawaian's report on how supervisors keep the deadline.
    path("kepatuhan/", views.kepatuhan, name="kepatuhan"),
]
