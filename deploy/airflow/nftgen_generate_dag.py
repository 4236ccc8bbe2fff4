"""Daily nftgen generation batches, scheduled by Airflow, run by Spark.

One task per day: `generate` with the batch id taken from the run's data interval
(`{{ ds_nodash }}`, e.g. 20260101), so each day's batch lands in
`<OUTPUT>/batch=<yyyymmdd>/`. Retries are safe: the job is idempotent (a re-run of an
unfinished batch completes it without duplicates; a finished batch is refused, so a retry after
success finds the batch complete and ends with nothing to do (--skip-complete); set
NFTGEN_OVERWRITE=1 to regenerate instead).

The spark-submit arguments are built by plain functions that need no Airflow, so that the
command can be printed and tested where Airflow is not installed:

    python3 nftgen_generate_dag.py --batch-id 20260101   # prints the spark-submit argv as JSON

Settings come from the environment of the Airflow workers (or edit the defaults below). Keys
for S3 never go here: the cluster's Hadoop credential providers supply them.
"""
import json
import os
import sys
from datetime import datetime, timedelta

JOB_CLASS = "org.nftgen.jobs.GenerateJob"
SETTINGS = {
    "jar": os.environ.get("NFTGEN_JAR", "/opt/nftgen/nftgen-jobs.jar"),
    # Shipped with --files: the job reads it by its bare name from the driver's working directory
    # (YARN and Kubernetes cluster mode put --files there).
    "config": os.environ.get("NFTGEN_CONFIG", "/opt/nftgen/conf/cluster.conf"),
    "generator": os.environ.get("NFTGEN_GENERATOR", "s3a://my-bucket/runs/dcgan"),
    "upscaler": os.environ.get("NFTGEN_UPSCALER", ""),
    "count": int(os.environ.get("NFTGEN_COUNT", "1000")),
    "seed": int(os.environ.get("NFTGEN_SEED", "1")),
    "output": os.environ.get("NFTGEN_OUTPUT", "s3a://my-bucket/generated"),
    "overwrite": os.environ.get("NFTGEN_OVERWRITE", "") == "1",
    "master": os.environ.get("NFTGEN_MASTER", "yarn"),
    "deploy_mode": os.environ.get("NFTGEN_DEPLOY_MODE", "cluster"),
}
# The executor settings the launcher uses locally (deploy/README.md explains each).
SPARK_CONF = {
    "spark.executor.memory": "4g",
    "spark.executor.cores": "4",
    "spark.executor.memoryOverhead": "3g",
    "spark.executor.extraJavaOptions": "-Dorg.eclipse.deeplearning4j.helpers.disable=false "
                                       "-Dorg.bytedeco.javacpp.maxbytes=2g -XX:+ExplicitGCInvokesConcurrent",
    "spark.executorEnv.OMP_NUM_THREADS": "4",
    "spark.executorEnv.OMP_WAIT_POLICY": "PASSIVE",
    # Spark's own task retries; Airflow's retries sit on top, at the batch level.
    "spark.task.maxFailures": "4",
}


def application_args(batch_id, settings=SETTINGS):
    """The job's own arguments (after the jar)."""
    args = ["--config", os.path.basename(settings["config"]), "--generator", settings["generator"],
            "--batch-id", batch_id, "--count", str(settings["count"]), "--seed", str(settings["seed"]),
            "--output", settings["output"]]
    if settings["upscaler"]:
        args += ["--upscaler", settings["upscaler"]]
    # A retry of a task whose batch had in fact completed succeeds without work.
    args += ["--overwrite"] if settings["overwrite"] else ["--skip-complete"]
    return args


def spark_submit_argv(batch_id, settings=SETTINGS, spark_conf=SPARK_CONF, binary="spark-submit"):
    """The command SparkSubmitOperator runs for this DAG's task, in the order its hook builds it
    (master, --conf pairs, --files, --class, --name, --deploy-mode, application, arguments)."""
    argv = [binary, "--master", settings["master"]]
    for key, value in spark_conf.items():
        argv += ["--conf", f"{key}={value}"]
    argv += ["--files", settings["config"], "--class", JOB_CLASS, "--name", "nftgen-generate",
             "--deploy-mode", settings["deploy_mode"], settings["jar"]]
    return argv + application_args(batch_id, settings)


try:  # Airflow is only needed to schedule; the functions above work without it.
    from airflow import DAG
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
except ImportError:
    DAG = None

if DAG is not None:
    with DAG(
        dag_id="nftgen_generate",
        description="A daily batch of generated images, written to object storage",
        schedule="@daily",
        start_date=datetime(2026, 1, 1),
        catchup=False,
        max_active_runs=1,
        default_args={"retries": 3, "retry_delay": timedelta(minutes=10), "retry_exponential_backoff": True},
        tags=["nftgen"],
    ) as dag:
        SparkSubmitOperator(
            task_id="generate",
            conn_id="spark_default",  # its host is the master (yarn, k8s://..., spark://...)
            application=SETTINGS["jar"],
            java_class=JOB_CLASS,
            name="nftgen-generate",
            files=SETTINGS["config"],
            conf=SPARK_CONF,
            deploy_mode=SETTINGS["deploy_mode"],
            # Templated by Airflow: the batch id is the data interval's date.
            application_args=application_args("{{ ds_nodash }}"),
            execution_timeout=timedelta(hours=6),
        )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Print the spark-submit argv of one batch as JSON.")
    parser.add_argument("--batch-id", required=True)
    for key in ("jar", "config", "generator", "upscaler", "output", "master", "deploy_mode"):
        parser.add_argument("--" + key.replace("_", "-"), default=SETTINGS[key])
    parser.add_argument("--count", type=int, default=SETTINGS["count"])
    parser.add_argument("--seed", type=int, default=SETTINGS["seed"])
    parser.add_argument("--conf", action="append", default=[], help="extra or replaced key=value")
    ns = parser.parse_args()
    chosen = dict(SETTINGS)
    chosen.update({k: getattr(ns, k) for k in chosen if hasattr(ns, k)})
    conf = dict(SPARK_CONF)
    conf.update(dict(kv.split("=", 1) for kv in ns.conf))
    json.dump(spark_submit_argv(ns.batch_id, chosen, conf), sys.stdout)
    sys.stdout.write("\n")
