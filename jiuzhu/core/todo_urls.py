from django.urls import path

from .todo import todo_page

urlpatterns = [path("", todo_page, name="todo")]
