/** The course's graded exercises, easiest first. Each is a file exercises/<stem>.ts with its reference in solutions/. */
import { deliveryCheckExercise } from "./exercises/delivery-check.js";
import { inSequenceExercise } from "./exercises/in-sequence.js";
import { producerConfigExercise } from "./exercises/producer-config.js";
import { producerSequencesExercise } from "./exercises/producer-sequences.js";
import { sequenceValidationExercise } from "./exercises/sequence-validation.js";
import { transactionalFencingExercise } from "./exercises/transactional-fencing.js";
import type { ExerciseDefinition } from "./types.js";

export const EXERCISES: readonly ExerciseDefinition[] = [
  inSequenceExercise,
  deliveryCheckExercise,
  producerConfigExercise,
  sequenceValidationExercise,
  producerSequencesExercise,
  transactionalFencingExercise,
];

export function exerciseByStem(stem: string): ExerciseDefinition | undefined {
  return EXERCISES.find((e) => e.stem === stem);
}

export function maxScoreOf(exercise: ExerciseDefinition): number {
  return exercise.tests.reduce((sum, t) => sum + t.points, 0);
}
