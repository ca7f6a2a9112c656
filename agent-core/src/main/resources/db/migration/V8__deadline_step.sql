-- The step a deadline guards: a deadline that fires after its saga moved on to another step
-- must change nothing, so the saga checks the step its deadline names.
ALTER TABLE deadlines ADD COLUMN step TEXT;
