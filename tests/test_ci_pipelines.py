"""The shipped GitHub and GitLab pipelines: lint and fast tests on every push and pull request, the browser
tests after them, and the site deployed from the main branch only, with the same make targets as a laptop."""

from __future__ import annotations

import yaml
from conftest import ROOT


def load(path: str) -> dict:
    # PyYAML reads GitHub's `on:` key as True
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def test_github_tests_every_push_and_pull_request_and_deploys_main_only():
    github = load(".github/workflows/pages.yml")
    triggers = github[True]
    assert "push" in triggers and "pull_request" in triggers
    assert triggers["push"] is None or "branches" not in triggers["push"]  # every branch
    jobs = github["jobs"]
    runs = {name: [step.get("run", "") for step in job["steps"]] for name, job in jobs.items()}
    assert "make test-fast" in runs["fast"] and "make test" in runs["browser"]
    assert jobs["browser"]["needs"] == "fast" and jobs["build"]["needs"] == "browser"
    assert "make build" in runs["build"] and "make check" not in runs["build"]  # the build checks, once
    for name in ("build", "deploy"):
        assert "refs/heads/main" in jobs[name]["if"] and "pull_request" in jobs[name]["if"]
    uses = [step.get("uses", "") for job in jobs.values() for step in job["steps"]]
    assert any(use.startswith("actions/upload-pages-artifact") for use in uses)
    assert any(use.startswith("actions/deploy-pages") for use in uses)
    assert github["permissions"] == {"contents": "read"}  # write access only where the deployment needs it
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_gitlab_tests_every_push_and_merge_request_and_deploys_the_default_branch_only():
    gitlab = load(".gitlab-ci.yml")
    assert gitlab["stages"] == ["test", "browser", "deploy"]
    sources = " ".join(rule["if"] for rule in gitlab["workflow"]["rules"])
    assert "merge_request_event" in sources and "$CI_COMMIT_BRANCH" in sources
    assert gitlab["fast"]["script"] == ["make test-fast"] and gitlab["fast"]["stage"] == "test"
    assert gitlab["browser"]["script"] == ["make test"] and gitlab["browser"]["stage"] == "browser"
    pages = gitlab["pages"]
    assert "make build" in pages["script"] and "make check" not in pages["script"]  # the build checks, once
    assert pages["artifacts"]["paths"] == ["public"] and pages["stage"] == "deploy"
    assert [rule["if"] for rule in pages["rules"]] == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]


def test_make_targets_the_pipelines_call_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("test-fast:", "test:", "lint:", "check:", "build:"):
        assert f"\n{target}" in makefile
    assert "eslint overrides" in makefile
