package org.nftgen.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Measures one kind of run and writes its outputs ({@code evaluation.json} and the contact
 * sheets); returns what it wrote to {@code evaluation.json}. Registered by run kind in {@link Evaluators}.
 */
@FunctionalInterface
public interface RunEvaluator {
  ObjectNode evaluate(EvaluationContext context);
}
