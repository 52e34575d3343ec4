"""The real peer for the system-metrics tests: psutil and MLflow's own monitors.

Started once per test file with the repository's .venv Python. Prints {"ready": true} once
imported, then answers one JSON request per stdin line with one JSON line on stdout:

    {"op": "virtual_memory", "procfsPath": "/tmp/fake-proc"}   (procfsPath optional)
    {"op": "disk_usage", "path": "/"}
    {"op": "net_io_counters", "procfsPath": ..., "clearCache": true}
    {"op": "cpu_percent", "procfsPath": ...}                 (non-blocking, since last call)
    {"op": "round", "values": [0.25, 2.675]}                 (Python's round(v, 1))
    {"op": "mlflow_metric_names"}                            (CPU, disk, network monitors)
    {"op": "mlflow_aggregate", "samples": [{name: value}, ...]}
    {"op": "mlflow_gpu", "samples": [[{gpu reading}, ...], ...]}

Errors come back as {"error": "..."}. psutil reads procfs under psutil.PROCFS_PATH, so a
request may point it at a directory of hand-made files to reach code paths (MemAvailable
missing, counters that wrap) the machine does not show on its own.
"""

import json
import sys
import types

import psutil

_real_procfs_path = psutil.PROCFS_PATH


class _FakeNvml:
    """Stands in for pynvml, which MLflow's GPUMonitor calls; serves the current readings."""

    def __init__(self):
        self.readings = []
        module = types.ModuleType("pynvml")

        class NVMLError(Exception):
            pass

        def reading(handle, group):
            value = self.readings[handle]
            if group in value.get("failing", []):
                raise NVMLError(f"{group} not supported")
            return value

        module.NVMLError = NVMLError
        module.nvmlInit = lambda: None
        module.nvmlDeviceGetCount = lambda: len(self.readings)
        module.nvmlDeviceGetHandleByIndex = lambda index: index
        module.nvmlDeviceGetMemoryInfo = lambda handle: types.SimpleNamespace(
            used=reading(handle, "memory")["usedBytes"],
            total=reading(handle, "memory")["totalBytes"],
        )
        module.nvmlDeviceGetUtilizationRates = lambda handle: types.SimpleNamespace(
            gpu=reading(handle, "utilization")["utilization"]
        )
        module.nvmlDeviceGetPowerUsage = lambda handle: reading(handle, "power")[
            "powerMilliwatts"
        ]
        module.nvmlDeviceGetEnforcedPowerLimit = lambda handle: reading(handle, "power")[
            "powerLimitMilliwatts"
        ]
        self.module = module


_fake_nvml = _FakeNvml()
# Installed before MLflow's gpu_monitor is imported, so its `import pynvml` finds the fake.
sys.modules["pynvml"] = _fake_nvml.module


def _with_procfs(request, action):
    psutil.PROCFS_PATH = request.get("procfsPath") or _real_procfs_path
    try:
        return action()
    finally:
        psutil.PROCFS_PATH = _real_procfs_path


def _virtual_memory(request):
    memory = _with_procfs(request, psutil.virtual_memory)
    return {
        "total": memory.total,
        "available": memory.available,
        "used": memory.used,
        "free": memory.free,
        "percent": memory.percent,
    }


def _disk_usage(request):
    usage = psutil.disk_usage(request["path"])
    return {"total": usage.total, "used": usage.used, "free": usage.free, "percent": usage.percent}


def _net_io_counters(request):
    if request.get("clearCache"):
        psutil.net_io_counters.cache_clear()
    counters = _with_procfs(request, psutil.net_io_counters)
    return {"bytes_recv": counters.bytes_recv, "bytes_sent": counters.bytes_sent}


def _cpu_percent(request):
    return _with_procfs(request, lambda: psutil.cpu_percent(interval=None))


def _monitors():
    from mlflow.system_metrics.metrics.cpu_monitor import CPUMonitor
    from mlflow.system_metrics.metrics.disk_monitor import DiskMonitor
    from mlflow.system_metrics.metrics.network_monitor import NetworkMonitor

    return [CPUMonitor(), DiskMonitor(), NetworkMonitor()]


def _mlflow_metric_names(_request):
    from mlflow.system_metrics.system_metrics_monitor import SystemMetricsMonitor

    monitor = object.__new__(SystemMetricsMonitor)
    monitor.monitors = _monitors()
    return list(monitor.collect_metrics().keys())


def _gpu_monitor(readings):
    from mlflow.system_metrics.metrics.gpu_monitor import GPUMonitor

    _fake_nvml.readings = readings
    return GPUMonitor()


def _mlflow_aggregate(request):
    """Feeds our samples to MLflow's monitors the way their collect_metrics stores values."""
    from mlflow.system_metrics.system_metrics_monitor import SystemMetricsMonitor

    cpu, disk, network = _monitors()
    gpu = _gpu_monitor([])
    for sample in request["samples"]:
        for name, value in sample.items():
            if name.startswith("network_"):
                network._metrics[name] = value
            elif name.startswith("gpu_"):
                gpu._metrics[name].append(value)
            elif name.startswith("disk_"):
                disk._metrics[name].append(value)
            else:
                cpu._metrics[name].append(value)
    monitor = object.__new__(SystemMetricsMonitor)
    monitor.monitors = [cpu, disk, network, gpu]
    return monitor.aggregate_metrics()


def _mlflow_gpu(request):
    """Runs GPUMonitor.collect_metrics once per sample of readings, then aggregates."""
    samples = request["samples"]
    gpu = _gpu_monitor(samples[0])
    for readings in samples:
        _fake_nvml.readings = readings
        gpu.collect_metrics()
    return {"collected": dict(gpu._metrics), "aggregated": gpu.aggregate_metrics()}


_operations = {
    "virtual_memory": _virtual_memory,
    "disk_usage": _disk_usage,
    "net_io_counters": _net_io_counters,
    "cpu_percent": _cpu_percent,
    "round": lambda request: [round(value, 1) for value in request["values"]],
    "mlflow_metric_names": _mlflow_metric_names,
    "mlflow_aggregate": _mlflow_aggregate,
    "mlflow_gpu": _mlflow_gpu,
}


def main():
    print(json.dumps({"ready": True, "psutil": psutil.__version__}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            answer = {"result": _operations[request["op"]](request)}
        except Exception as error:  # reported to the test, which fails with the message
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
