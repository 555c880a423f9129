"""Session-wide reporting, loaded even by xdist's controller: the API fuzz's figures in the log."""


def pytest_terminal_summary(terminalreporter):
    runs = [
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        for name, value in getattr(report, "user_properties", [])
        if name == "api_fuzz"
    ]
    if not runs:
        return
    per_role = ", ".join(f"{run['role']} {run['requests']}" for run in runs)
    terminalreporter.write_line(
        f"API fuzzed: {sum(run['requests'] for run in runs)} requests to "
        f"{max(run['operations'] for run in runs)} operations as {len(runs)} roles "
        f"({per_role}), {sum(run['server_errors'] for run in runs)} server errors, "
        f"{sum(run['seconds'] for run in runs):.0f} s"
    )
