# Shared by the submit scripts: the spark-submit settings every nftgen job needs on a cluster.
# Sourced, not run. Each script sets its own variables first; anything here can be overridden
# from the environment.
SPARK_SUBMIT="${SPARK_SUBMIT:-spark-submit}"
MASTER="${MASTER:-yarn}"
DEPLOY_MODE="${DEPLOY_MODE:-cluster}"
JAR="${JAR:-nftgen-jobs.jar}"
CONFIG="${CONFIG:-conf/cluster.conf}"
EXECUTOR_MEMORY="${EXECUTOR_MEMORY:-4g}"
EXECUTOR_CORES="${EXECUTOR_CORES:-4}"
# ND4J keeps tensors off the JVM heap: room for them outside spark.executor.memory.
EXECUTOR_OVERHEAD="${EXECUTOR_OVERHEAD:-3g}"
OFFHEAP="${OFFHEAP:-2g}"

# The settings the launcher (deploy/bin/nftgen-submit) passes for local runs, for a cluster:
# DL4J's oneDNN helpers on, ND4J's off-heap cap, OpenMP threads that yield and match the cores.
# Fills the array NFTGEN_SPARK_ARGS (an array, so that a value with spaces, such as the Java
# options, stays one argument); use it as "${NFTGEN_SPARK_ARGS[@]}".
nftgen_spark_args() {
  local job_class="$1"
  local java_options="-Dorg.eclipse.deeplearning4j.helpers.disable=false -Dorg.bytedeco.javacpp.maxbytes=$OFFHEAP -XX:+ExplicitGCInvokesConcurrent"
  NFTGEN_SPARK_ARGS=(
    --master "$MASTER" --deploy-mode "$DEPLOY_MODE" --class "$job_class"
    --files "$CONFIG"
    --conf "spark.executor.memory=$EXECUTOR_MEMORY"
    --conf "spark.executor.cores=$EXECUTOR_CORES"
    --conf "spark.executor.memoryOverhead=$EXECUTOR_OVERHEAD"
    --conf "spark.executor.extraJavaOptions=$java_options"
    --conf "spark.driver.extraJavaOptions=$java_options"
    --conf "spark.executorEnv.OMP_NUM_THREADS=$EXECUTOR_CORES"
    --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE
  )
}
