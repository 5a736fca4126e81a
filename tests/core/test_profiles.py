"""Profiles are data files; every RULES.md default is a setting."""

import pytest

from workbook_tools.core.profile import (
    TIER_PARTIAL,
    UnknownProfileError,
    known_profiles,
    load_profile,
    profile_from_dict,
)

REQUIRED = {"national-2020", "sichuan-2023", "sichuan-2021", "hubei-2021", "liangshan-2021"}


def test_required_profiles_exist():
    assert set(known_profiles()) >= REQUIRED


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_profiles_load_and_weights_add_up(name):
    p = load_profile(name)
    if p.group_weights:
        assert p.execution_weight + sum(p.group_weights.values()) == p.total


def test_unknown_profile_lists_known_ones():
    with pytest.raises(UnknownProfileError) as err:
        load_profile("guangxi-2099")
    for name in REQUIRED:
        assert name in str(err.value)


def test_settings_differ_where_rules_differ():
    assert load_profile("hubei-2021").execution_weight == 20
    assert load_profile("national-2020").execution_weight == 10
    assert load_profile("liangshan-2021").over_achievement == "not_achieved"
    assert load_profile("national-2020").band(TIER_PARTIAL) == (0.5, 0.8)


def test_unknown_keys_and_bad_choices_are_errors():
    with pytest.raises(ValueError, match="未知的设置"):
        profile_from_dict({"name": "x", "deviation_treshold": 0.3})
    with pytest.raises(ValueError, match="reverse_mode"):
        profile_from_dict({"name": "x", "reverse_mode": "quadratic"})


def test_grades():
    p = load_profile("national-2020")
    assert [p.grade(x) for x in (95, 90, 85, 60, 10)] == ["优", "优", "良", "中", "差"]
