from ninja import NinjaAPI

api = NinjaAPI(title="jiuzhu API", version="1", urls_namespace="api")
