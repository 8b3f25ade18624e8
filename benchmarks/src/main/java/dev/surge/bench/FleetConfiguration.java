package dev.surge.bench;

/** The configurations the fleet surge compares, in the order of its table; the first is the baseline. */
enum FleetConfiguration {
  PURGES("(1) purge fan-out only", FleetInstance.Sharing.PURGES, false),
  SHARED("(2) shared tier", FleetInstance.Sharing.SHARED_TIER, false),
  COLLAPSING("(3) shared tier + fleet collapsing", FleetInstance.Sharing.FLEET_COLLAPSING, false),
  REDIS_KILLED("(4) = (3), Redis killed halfway", FleetInstance.Sharing.FLEET_COLLAPSING, true);

  private final String label;
  private final FleetInstance.Sharing sharing;
  private final boolean redisKilled;

  FleetConfiguration(String label, FleetInstance.Sharing sharing, boolean redisKilled) {
    this.label = label;
    this.sharing = sharing;
    this.redisKilled = redisKilled;
  }

  /** The configuration's name in the table. */
  String label() {
    return label;
  }

  /** What the instances share through Redis. */
  FleetInstance.Sharing sharing() {
    return sharing;
  }

  /** Whether Redis is killed (SIGKILL) halfway through the run. */
  boolean redisKilled() {
    return redisKilled;
  }
}
