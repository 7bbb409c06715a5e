#!/usr/bin/env bash
# Prints SOURCE_DATE_EPOCH for a published build: the first day of the current half-year (1 January or
# 1 July, 00:00 UTC). Builds stay reproducible within a half-year, and security.txt's Expires (one year
# after this date) is always 6 to 12 months ahead. CI runs at least monthly, so it renews in time.
set -euo pipefail
year="$(date -u +%Y)"
if [ "$(date -u +%-m)" -le 6 ]; then start="$year-01-01"; else start="$year-07-01"; fi
date -u -d "$start 00:00:00" +%s
