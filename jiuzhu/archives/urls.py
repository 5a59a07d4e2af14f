from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
    path("", views.archive_list, name="list"),
    path("new/", views.archive_new, name="new"),
    path("<int:pk>/", views.archive_page, name="archive"),
    path("<int:pk>/do/<str:action>/", views.archive_action, name="action"),
    path("<int:pk>/aid/<str:form>/", views.archive_aid, name="aid"),
    path("<int:pk>/payments/<int:payment>/entered/", views.payment_entered, name="entered"),
]
