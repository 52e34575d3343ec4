// Placeholder: replaced by the test-environment work (MLflow servers, services).
export default function setup(): void {}
