"""사례관리 tab (issue 10): people in need and their cases, case conferences, referrals."""
