/** User settings of the test profile: no modal dialogs (the UI tests click through those), no output pop-ups. */
export const TEST_SETTINGS = { 'qbo.confirm.delete': false, 'qbo.confirm.bulkActions': false, 'qbo.revealOutputOnError': false };
