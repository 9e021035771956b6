"""Services: run the domain against the infrastructure (intake, alarm engine, duty desk, recorder, …)."""
