import unittest

import pytest

from odoo.addons.complaint_management.tests.browser import ChromiumRetryMixin


class FlakyChromium:
    """Core's browser_js, its Chromium failing to start ``misses`` times."""

    def __init__(self, misses):
        self.misses = misses
        self.runs = 0

    def browser_js(self, url):
        self.runs += 1
        if self.runs <= self.misses:
            raise unittest.SkipTest("Failed to detect chrome devtools port")
        return url


class Tour(ChromiumRetryMixin, FlakyChromium):
    pass


def test_a_browser_that_did_not_start_is_started_again():
    tour = Tour(misses=1)
    assert tour.browser_js("/odoo") == "/odoo"
    assert tour.runs == 2
    # control: a browser that starts runs the tour once
    tour = Tour(misses=0)
    assert tour.browser_js("/odoo") == "/odoo"
    assert tour.runs == 1


def test_a_browser_that_never_starts_fails_the_test_not_skips_it():
    tour = Tour(misses=2)
    with pytest.raises(AssertionError, match="Chromium did not start twice"):
        tour.browser_js("/odoo")
