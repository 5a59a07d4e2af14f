"""`jiuzhu manage create_api_token USERNAME NAME`: create an API token for a user and print it once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jiuzhu.api.tokens import do_create_api_token


class Command(BaseCommand):
    help = "为用户创建接口令牌（令牌只显示这一次）"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="令牌名称，例如对接系统的名字")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在")
        try:
            _token, plain = do_create_api_token(None, user, name)
        except ValueError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(plain)
