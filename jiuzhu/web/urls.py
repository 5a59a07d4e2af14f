from django.contrib.auth import views as auth_views
from django.urls import path

from .views import audit, edit, home, households, tokens

urlpatterns = [
    path("login/", home.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", home.PasswordChangeView.as_view(), name="password_change"),
    path("", home.dashboard, name="dashboard"),
    path("households/", households.household_list, name="household_list"),
    path("households/new/", edit.household_new, name="household_new"),
    path("households/<int:pk>/", households.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", edit.household_edit, name="household_edit"),
    path("households/<int:pk>/close/", edit.household_close, name="household_close"),
    path("households/<int:pk>/history/", households.household_history, name="household_history"),
    path("households/<int:pk>/assessment/", households.household_assessment, name="household_assessment"),
    path("audit/", audit.audit_list, name="audit_list"),
    path("audit/<int:pk>/", audit.audit_event, name="audit_event"),
    path("account/tokens/", tokens.my_tokens, name="my_tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens.revoke_token, name="revoke_token"),
]
