metadata description = 'Action group and the four alerts the platform team watches: poison messages, failed sends, failed function executions, template rejections per stage.'

@description('Required. Azure region of the log alerts (same as Application Insights).')
param location string

@description('Required. Tags applied to every resource.')
param tags object

@description('Required. Name prefix/suffix token for alert resources.')
@minLength(1)
@maxLength(40)
param nameToken string

@description('Required. Resource id of the Application Insights component the alerts query.')
param appInsightsId string

@description('Optional. Email address that receives alerts. Empty creates the action group without receivers.')
param alertEmail string = ''

@description('Optional. Failed sends (log event SendFailed) in one hour that raise an alert.')
@minValue(1)
param failedSendsPerHourThreshold int = 20

@description('Optional. Failed function executions in 15 minutes that raise an alert.')
@minValue(1)
param failedExecutionsThreshold int = 5

@description('Optional. Messages of one lender and stage suppressed as template-rejected in one hour above which an alert is raised.')
@minValue(0)
param templateRejectionsPerHourThreshold int = 3

// The Functions host logs this line when a queue message reaches maxDequeueCount and is moved
// to <queue>-poison. Storage queue metrics are per account, not per queue, so the log is the
// per-queue signal.
var poisonQuery = '''
union isfuzzy=true traces, exceptions
| where message has "Moving message to queue" and message has "-poison"
| extend queue = extract(@"queue '([^']+)'", 1, message)
| summarize poisoned = count() by queue
'''

// SendSms logs event SendFailed (event name in customDimensions) when ACS refuses or fails a send.
var failedSendsQuery = '''
union isfuzzy=true traces, exceptions
| where tostring(customDimensions.EventName) == "SendFailed"
| summarize failed = count()
'''

// PersonalizeReminder counts on the Dunning meter (exported to customMetrics) every message no template could
// carry: neither the full text nor the stage's short variant passed the lint. The borrower gets nothing, so a
// stage that rejects more than a few is a template to fix.
var templateRejectionsQuery = '''
customMetrics
| where name == "dunning.messages.template_rejections"
| extend lender = tostring(customDimensions.lender), stage = tostring(customDimensions.stage)
| summarize rejected = sum(valueSum) by lender, stage
'''

resource actionGroup 'microsoft.insights/actionGroups@2023-01-01' = {
  name: 'ag-${nameToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'dunning'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'platform-team'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

resource poisonAlert 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-poison-${nameToken}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Dunning: message moved to a poison queue'
    description: 'A reminder-jobs or sms-outbox message exhausted its retries and landed in <queue>-poison. Inspect and replay or discard it.'
    severity: 2
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: poisonQuery
          timeAggregation: 'Total'
          metricMeasureColumn: 'poisoned'
          dimensions: [
            {
              name: 'queue'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource failedSendsAlert 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-send-failures-${nameToken}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Dunning: SMS send failures above threshold'
    description: 'More than ${failedSendsPerHourThreshold} SendFailed events in the last hour: ACS throttling, a bad sender id or an outage.'
    severity: 2
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: failedSendsQuery
          timeAggregation: 'Total'
          metricMeasureColumn: 'failed'
          operator: 'GreaterThan'
          threshold: failedSendsPerHourThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource templateRejectionsAlert 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-template-rejections-${nameToken}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Dunning: a stage rejects its messages'
    description: 'More than ${templateRejectionsPerHourThreshold} messages of one lender and stage in the last hour were suppressed as template-rejected (no template, full or short, passed the lint). Run lint on that stage\'s template; the lender report shows the template.'
    severity: 2
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: templateRejectionsQuery
          timeAggregation: 'Total'
          metricMeasureColumn: 'rejected'
          dimensions: [
            {
              name: 'lender'
              operator: 'Include'
              values: [
                '*'
              ]
            }
            {
              name: 'stage'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: templateRejectionsPerHourThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource failedExecutionsAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'alert-function-failures-${nameToken}'
  location: 'global'
  tags: tags
  properties: {
    description: 'More than ${failedExecutionsThreshold} failed function executions (App Insights failed requests) in 15 minutes.'
    severity: 1
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'failed-requests'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: failedExecutionsThreshold
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

@description('Resource id of the action group.')
output actionGroupId string = actionGroup.id
