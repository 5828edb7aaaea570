"""Runs the generated Spark SQL (`clause compile VERSION --target sql --dialect spark`) over a
batch CSV in a local session (`local[2]`), as codegen/tests/support_sql/spark.rs does (`cas`
read as text, one `spark.sql` per statement), and prints each phase apart, in seconds of wall
time and of the JVM's processor time (`/proc/PID/stat`, steadier than wall time on a shared
machine): the views defined, `optimizedPlan()`, `executedPlan()`, `collect()`; then the time of
each optimizer rule (`RuleExecutor.dumpTimeSpent()`). The rows go to SCRIPT.out.jsonl.
Usage: spark_phases.py SCRIPT.sql BATCH.csv (CONF="key=value …" adds session settings)."""
import json, sys, time, re, os
from pyspark.sql import SparkSession
b = (SparkSession.builder.master("local[2]").appName("x")
         .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
         .config("spark.driver.memory", "4g").config("spark.sql.warehouse.dir", "/tmp/clause-spark-warehouse"))
for kv in os.environ.get("CONF","").split():
    k,v=kv.split("=",1); b=b.config(k,v)
spark=b.getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
cas = spark.read.csv(sys.argv[2], header=True, inferSchema=False, quote='"', escape='"', multiLine=True, encoding="UTF-8")
from pyspark.sql import functions as F
script=open(sys.argv[1],encoding="utf-8").read()
for c in re.findall(r"coalesce\(`([^`]+)`, ''\) AS t\d+", script):
    if c not in cas.columns: cas = cas.withColumn(c, F.lit(None).cast("string"))
cas.createOrReplaceTempView("cas")
statements, lines = [], []
for line in script.split("\n"):
    lines.append(line)
    if not line.startswith("--") and line.endswith(";"):
        statements.append("\n".join(lines)[:-1]); lines = []
jpid=spark._jvm.java.lang.ProcessHandle.current().pid()
def cpu():
    f=open(f"/proc/{jpid}/stat").read().rsplit(")",1)[1].split()
    return (int(f[11])+int(f[12]))/os.sysconf("SC_CLK_TCK")
c0=cpu()
t0 = time.time()
for s in statements:
    spark.sql(s)
print("views", round(time.time()-t0,1), "cpu", round(cpu()-c0,1), flush=True)
RE=spark._jvm.org.apache.spark.sql.catalyst.rules.RuleExecutor
RE.resetMetrics()
df = spark.sql("SELECT * FROM resultats")
qe = df._jdf.queryExecution()
t=time.time(); c=cpu(); qe.optimizedPlan(); print("optimized", round(time.time()-t,1), "cpu", round(cpu()-c,1), flush=True)
dump=RE.dumpTimeSpent()
t=time.time(); c=cpu(); qe.executedPlan(); print("planned", round(time.time()-t,1), "cpu", round(cpu()-c,1), flush=True)
t=time.time(); c=cpu(); rows = df.collect(); print("collected", round(time.time()-t,1), "cpu", round(cpu()-c,1), flush=True)
print("total", round(time.time()-t0,1), "cpu", round(cpu()-c0,1), len(rows), flush=True)
print(dump[:6000])
with open(sys.argv[1] + ".out.jsonl", "w") as f:
    for row in rows: f.write(json.dumps([None if v is None else str(v) for v in row], ensure_ascii=False) + "\n")
