-- An admin's on/off switch per source (/source NAME on|off in the bot's admin console).
-- NULL follows the companies file (its `enabled`, else the source's default); true or
-- false overrides the file either way. The runner reads it at every run.
ALTER TABLE sources ADD COLUMN admin_enabled boolean;

-- The old rule was "the file AND sources.enabled": a row someone switched off stays off.
UPDATE sources SET admin_enabled = false WHERE NOT enabled;
ALTER TABLE sources DROP COLUMN enabled;
