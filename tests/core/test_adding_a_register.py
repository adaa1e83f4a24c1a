"""A new register is its own folder plus one line in INSTALLED_APPS — shown, not claimed.

The test writes a small register app into a temporary folder (an AppConfig declaring a new
"Harm reduction" area — every planned area has its app now — one page, one API route), adds
that one line to the test settings, and starts Django in a separate process. Without touching
any other file of the project: the area's page answers, the navigation leads to it, the gate
refuses users without the area's role (pages and API), and the API root lists the route only
to those who may open it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

APP_FILES = {
    "__init__.py": "",
    "apps.py": """
        from prevhub.core import registry, roles
        from prevhub.core.gate import Area


        class HarmReductionConfig(registry.HubAppConfig):
            name = "substances_demo"
            label = "substances_demo"
            area = Area(
                "harm-reduction", "Harm reduction", "Needle exchange and naloxone.",
                frozenset({roles.OFFENDER_MANAGER}), order=105, home="substances_demo:home",
            )
            url_prefix = "harm-reduction/"
    """,
    "urls.py": """
        from django.http import HttpResponse
        from django.urls import path

        app_name = "substances_demo"
        urlpatterns = [path("", lambda request: HttpResponse("Interventions"), name="home")]
    """,
    "api/__init__.py": "",
    "api/routes.py": """
        from rest_framework import viewsets
        from rest_framework.response import Response


        class InterventionViewSet(viewsets.ViewSet):
            def list(self, request):
                return Response({"interventions": []})


        def register(router):
            router.register(
                "harm-reduction/interventions", InterventionViewSet, basename="hrintervention"
            )
    """,
}

CHECK = """
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user

lead, analyst = make_user(roles.OFFENDER_MANAGER), make_user(roles.ANALYST)
c = Client()
c.force_login(lead)
page = c.get("/harm-reduction/")
home = c.get("/").content.decode()
c.force_login(analyst)
refused = c.get("/harm-reduction/")
api = api_client_for(lead)
api_lead = api.get("/api/harm-reduction/interventions/")
root_lead = api.get("/api/").json()
api = api_client_for(analyst)
api_analyst = api.get("/api/harm-reduction/interventions/")
root_analyst = api.get("/api/").json()
print(json.dumps({
    "page": [page.status_code, page.content.decode()],
    "nav_links_to_page": 'href="/harm-reduction/"' in home,
    "refused": [refused.status_code, getattr(refused.wsgi_request, "hub_gate_refused", False)],
    "api_lead": api_lead.status_code,
    "api_analyst": api_analyst.status_code,
    "root_lead": "harm-reduction/interventions" in root_lead,
    "root_analyst": "harm-reduction/interventions" in root_analyst,
}))
"""


def test_a_register_is_one_folder_and_one_settings_line(tmp_path: Path) -> None:
    app = tmp_path / "substances_demo"
    for name, text in APP_FILES.items():
        target = app / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip())
    (tmp_path / "register_settings.py").write_text(
        "from prevhub.web.settings.test import *  # noqa\n"
        "INSTALLED_APPS = [*INSTALLED_APPS, 'substances_demo']  # the one line\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), str(tmp_path)]),
        "DJANGO_SETTINGS_MODULE": "register_settings",
        "DATABASE_URL": "",  # in-memory SQLite in the child, whatever the suite runs on
    }
    done = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["page"] == [200, "Interventions"]  # the app's page, not the placeholder
    assert result["nav_links_to_page"]
    assert result["refused"] == [404, True]  # the gate, for a user without the role
    assert (result["api_lead"], result["api_analyst"]) == (200, 404)
    assert result["root_lead"] and not result["root_analyst"]
