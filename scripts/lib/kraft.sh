# Sourced by scripts that start a standalone single-node Kafka broker JVM (KRaft, kafka.Kafka).
# kraft_server_properties BROKER_PORT CONTROLLER_PORT LOG_DIR: prints its server.properties, bound to 127.0.0.1,
# with the replication factors a single node needs (recipe: ../shared/RECIPES.md).
kraft_server_properties() {
  local broker_port="$1" controller_port="$2" log_dir="$3"
  cat <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$broker_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$broker_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$log_dir
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
}
