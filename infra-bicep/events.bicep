metadata description = 'Event Grid subscriptions that deliver SMS and blob events to the deployed function app. Deployed by the azd postdeploy hook, after code deploy, because the endpoints need keys the Functions host creates when it first starts. Keys are read here with listKeys and never pass through a shell.'

@description('Required. Name of the function app (output AZURE_FUNCTION_APP_NAME of main.bicep).')
param functionAppName string

@description('Required. Name of the storage account (output AZURE_STORAGE_ACCOUNT_NAME).')
param storageAccountName string

@description('Required. Name of the system topic on the storage account (output AZURE_STORAGE_SYSTEM_TOPIC_NAME).')
param storageTopicName string

@description('Required. Name of the system topic on the ACS resource (output AZURE_ACS_SYSTEM_TOPIC_NAME).')
param communicationTopicName string

@description('Optional. Container that receives events Event Grid could not deliver.')
param deadLetterContainerName string = 'eventgrid-deadletter'

@description('Optional. Delivery attempts before an event is dead-lettered.')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

@description('Optional. Minutes an event is retried before it is dead-lettered.')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int = 1440

// Microsoft.Web/sites/host has no Bicep type definitions, so its keys are read with the listKeys
// function on its resource id rather than through a symbolic reference (which would warn BCP081).
var hostKeys = listKeys('${functionApp.id}/host/default', functionApp.apiVersion)

// The names are the contract with src/Dunning.Functions: the HTTP route and the blob-triggered functions.
var smsEventsPath = 'api/sms/events'
var blobIngest = [
  {
    subscription: 'ingest-schedules'
    container: 'schedules'
    functionName: 'IngestSchedule'
    subjectSuffix: ''
  }
  {
    subscription: 'ingest-payments'
    container: 'payments'
    functionName: 'IngestPayments'
    subjectSuffix: ''
  }
  {
    // Only the settings document: the templates beside it are read when a message is written, not on upload.
    subscription: 'ingest-lender-settings'
    container: 'config'
    functionName: 'IngestLenderSettings'
    subjectSuffix: '/settings.json'
  }
]

var retryPolicy = {
  maxDeliveryAttempts: maxDeliveryAttempts
  eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
}

// Dead letters are written with the topic's own identity (the account accepts no shared key).
var deadLetter = {
  identity: {
    type: 'SystemAssigned'
  }
  deadLetterDestination: {
    endpointType: 'StorageBlob'
    properties: {
      resourceId: storage.id
      blobContainerName: deadLetterContainerName
    }
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource storageTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: storageTopicName
}

resource communicationTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: communicationTopicName
}

resource smsEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: communicationTopic
  name: 'sms-events'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // Function-level key of the host: the sms/events function rejects calls without it.
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/${smsEventsPath}?code=${hostKeys.functionKeys.default}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.SMSDeliveryReportReceived'
        'Microsoft.Communication.SMSReceived'
      ]
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: retryPolicy
    deadLetterWithResourceIdentity: deadLetter
  }
}

resource blobEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = [
  for ingest in blobIngest: {
    parent: storageTopic
    name: ingest.subscription
    properties: {
      destination: {
        endpointType: 'WebHook'
        properties: {
          // The blobs extension's webhook, authorised by its system key, feeds the Event Grid-sourced blob trigger.
          endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${ingest.functionName}&code=${hostKeys.systemKeys.blobs_extension}'
          maxEventsPerBatch: 1
          preferredBatchSizeInKilobytes: 64
        }
      }
      filter: {
        includedEventTypes: [
          'Microsoft.Storage.BlobCreated'
        ]
        subjectBeginsWith: '/blobServices/default/containers/${ingest.container}/'
        subjectEndsWith: ingest.subjectSuffix
      }
      eventDeliverySchema: 'EventGridSchema'
      retryPolicy: retryPolicy
      deadLetterWithResourceIdentity: deadLetter
    }
  }
]

@description('Names of the event subscriptions created.')
output subscriptionNames string[] = concat([smsEvents.name], map(blobIngest, ingest => ingest.subscription))
