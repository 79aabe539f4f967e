/** From channel to contact: the IntakeLog port (embedded or Kafka), group-committed processing, dedupe, routing hand-off. */
package io.firstline.intake;
